"""Questions asked of the store: event queries and dyad time series."""
