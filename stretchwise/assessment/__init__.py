"""Assessment: what is measured at baseline and re-assessment, how it is scored and compared.

Pure (DESIGN.md "The clinical engine is pure"): `measures` holds the recorded values, `scoring`
scores the knowledge base's instruments as their authors specify, `compare` reads results against
norms, the other side and the baseline, and `offer` decides which tests a clearance allows.
"""
