from stretchwise.cli import main

main()
