from aiopgap.cli import main

main()
