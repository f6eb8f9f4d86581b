"""The trained parts of the pipeline: the corpus reader, the features, the linear models, training.

``eventwire train`` (or ``make train``) rebuilds the shipped models from ``corpus/``; the
event-typing stage loads them with :func:`eventwire.learn.shipped.load`.
"""
