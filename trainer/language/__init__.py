"""Reading Chinese as trainees type it: normalisation, phrase templates, matching, the proper-use guard.

The bottom layer: it knows nothing of rubrics or scenarios, so every layer above reads text the same way.
"""
