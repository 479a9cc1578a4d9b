import sys

from placeviz.cli import main

sys.exit(main())
