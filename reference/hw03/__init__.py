"""hw03: CNN ablations on CIFAR-10.

Rebuilt from seed ``002_44a923b9da7d8773.txt``. Q1 is theory with small numpy
exercises (gradient clipping, L1/L2 penalties, symmetry under constant
initialisation); Q2 builds the seed's configurable CNN and every variant it
trains; Q3 collects the ablation table; Q4 inspects the first conv layer's
filters and feature maps; Q5 puts a MobileNetV2 base under a new softmax head.
``training.py`` holds the seed's training setup shared by Q2 and Q3.
"""
