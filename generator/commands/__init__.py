"""The command line (`cli`) and the tools behind its tag commands: statistics against the hand
labels (`tagstats`), comparing two rule sets or content folders (`tagcompare`), and writing a
paper's tag fix (`fixes`)."""
