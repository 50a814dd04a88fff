"""Demos as plain objects the tutor draws: no Textual here, only engine state and frames."""
