"""The thin MkDocs layer: the plugin that runs the build inside `mkdocs build`/`serve`, and the
page shell that fills paper pages into one rendering of Material's chrome. The only package that
imports MkDocs."""
