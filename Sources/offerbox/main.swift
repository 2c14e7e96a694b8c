import OfferboxCLI

await Offerbox.main()
