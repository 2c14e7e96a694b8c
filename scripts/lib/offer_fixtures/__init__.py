"""Code the offer generators (testing/gen-offer-fixtures, bench/gen-offer-corpus) import."""
