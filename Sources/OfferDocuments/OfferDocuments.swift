import OfferCore
