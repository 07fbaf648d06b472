"""Reports: figures and returns computed from the case records; imports no Flask."""
