"""One module per rule family; each builds a check frame (see ``expectations.frames``)."""
