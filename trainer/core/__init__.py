"""Everything that is not drawing. Nothing under this package may import textual."""
