from cjdocs.cli import main

main()
