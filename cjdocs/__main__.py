from cjdocs.workflow.cli import main

main()
