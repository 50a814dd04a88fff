"""The math of the three lectures in NumPy: no screens, no lessons, only numbers.

Column convention everywhere: examples are columns, X has shape (n0, m), Y has shape (1, m),
w has shape (n0, 1), W1 has shape (n1, n0), b1 has shape (n1, 1); everything is float64.

Modules, one idea each:
    activations  σ, tanh, ReLU, leaky ReLU and their derivatives g′(z)
    costs        the lecture-1 demo costs J(w) and the logistic J(w, b)
    logistic     logistic regression: one example as a computation graph, then m at once
    network      the one-hidden-layer network: 4 forward and 6 backward equations
    runner       gradient descent as an iterator of step records, with stop conditions
    gradcheck    the numerical twin of every derivative: (J(θ + ε) − J(θ − ε)) / 2ε
    datasets     seeded, generated data sets (flower, blobs, one feature)
    answers      safe reading and checking of the numbers a learner types
"""

#: Marks this package as gd-tutor's (the `gd-tutor` command checks it: gd_tutor.py).
__gd_tutor__ = True
