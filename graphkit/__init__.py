"""graphkit: a knowledge graph of urban social-innovation networks."""

__version__ = "0.1.0"
