from placeviz.cli import entry

entry()
