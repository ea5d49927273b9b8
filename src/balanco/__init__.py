"""balanco: annual balance report of a municipal secretariat (one municipality file each)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("balanco")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"
