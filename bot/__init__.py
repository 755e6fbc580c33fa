"""careerbot: career answers for Discord community channels."""

__version__ = "0.1.0"
