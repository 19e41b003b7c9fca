"""Scale-out: the same extraction run over a Ray cluster (``eventwire run --engine ray``).

Ray is an optional dependency (``pip install 'eventwire[scale]'``); nothing here imports
it until a Ray run starts.
"""
