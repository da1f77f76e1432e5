"""Probation files on the way to recognition (DOMAIN.md §1.14–1.15): their
list and pages. Their steps are the dossier path's (candidates/pipeline.py,
candidates/services/), shared with the admission dossier."""
