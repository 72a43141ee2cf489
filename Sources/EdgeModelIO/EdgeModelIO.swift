// EdgeModelIO: see DESIGN.md for this module's responsibility.
