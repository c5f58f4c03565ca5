"""trainer: an offline role-play simulator for bank front-line service training."""

__version__ = "0.1.0"
