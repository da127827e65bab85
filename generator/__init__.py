"""Paper archive: daily ML paper listings in, a browsable, searchable static site out."""
