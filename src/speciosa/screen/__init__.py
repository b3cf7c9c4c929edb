"""Stage 2, screen: kratom x medication and kratom x condition findings."""

from speciosa.screen.interactions import screen
from speciosa.screen.result import Finding, ScreenResult

__all__ = ["Finding", "ScreenResult", "screen"]
