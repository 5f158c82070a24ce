"""What every page shares: the cached data, the sidebar of filters, the language."""
