"""hw13: learning paradigms, memory networks on bAbI, rotation pre-training.

Q1 (prose) supervised / semi-supervised / unsupervised / self-supervised /
representation learning; Q2 the "utility" of self-supervised pre-training
(Newell & Deng, "How useful is self-supervised pretraining for visual tasks?");
Q3 an end-to-end memory network on bAbI task 1; Q4 CIFAR-10 with 200 labels:
a core CNN, rotation pre-training, fine-tuning and a two-head model.
"""
