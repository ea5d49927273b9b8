"""balanco: annual balance of the Secretaria de Governo of Itaquaquecetuba (SP)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("balanco")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"
