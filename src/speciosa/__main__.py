from speciosa.adapters.cli.app import main

main()
