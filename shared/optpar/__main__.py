from optpar.cli import main

main()
