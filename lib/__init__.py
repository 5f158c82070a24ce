"""The data core of the internship-offers dashboard: pure functions over pandas frames."""
