"""hw01: Keras basics.

Q1 datasets (MNIST, CIFAR-10, FER-2013) and Keras utilities, in prose.
Q2 one-hot labels. Q3 a dataset summary. Q4 the same small classifier with the Sequential
and the functional API. Q5 an SGD optimizer and an MNIST training run. Q6 predicted class
indices. Q7 why validating on the training data is wrong.
"""
