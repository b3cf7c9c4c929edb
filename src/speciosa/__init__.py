"""speciosa: clinical decision support for major depressive disorder and kratom use.

Assess -> screen -> plan -> monitor, on a cited knowledge base. Supports, and does not replace,
clinical judgement.
"""

from speciosa.basis import DISCLAIMER

__version__ = "0.1.0"

__all__ = ["DISCLAIMER", "__version__"]
