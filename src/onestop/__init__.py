"""OneStop: the one-stop administrative procedure platform (Một cửa điện tử)."""
