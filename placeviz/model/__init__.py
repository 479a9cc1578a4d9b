"""The ground floor: what a map is and the data behind it, with no Qt and no knowledge of who uses it.

``spec`` (MapSpec, ComparisonSpec), ``catalog`` (layers and their sources), ``geography`` (places and
boundary sets), ``mapdata`` (values for a place and level), ``classify``, ``jenks`` and ``palettes`` (classes
and colours), ``raster`` (the 1 km grids), ``viewstate`` (the Qt-free state the desktop app edits),
``names`` (forgiving name matching), ``errors`` (UserError) and ``bundle`` (where the data lives).
Nothing here imports from any other placeviz package.
"""
