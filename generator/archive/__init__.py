"""The archive: day files read and checked (`check`), one paper per id (`derive`, `model`), its
tags (`taxonomy`, `prefilter`, `tagging`) and related papers (`vectors`, `related`)."""
