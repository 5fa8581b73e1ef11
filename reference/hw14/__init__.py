"""hw14: word embeddings, triplet loss, metrics for imbalanced classes, tuning.

Q1 word vectors (gensim ``KeyedVectors``): neighbours, analogies, distances, a 2-D PCA map.
Q2 triplet loss on MNIST: the loss, batch-hard mining, an embedding network.
Q3 metrics on an imbalanced 7-class problem: report, ROC AUC, confusion matrix.
Q4 keras-tuner on Fashion-MNIST: a search space and the model rebuilt from the best values.
"""
