"""hw13 Q1: learning paradigms (prose, graded by hand)."""

PROMPTS = {
    "Q1": {
        "fa": (
            "انواع یادگیری زیر را توضیح دهید و برای هر کدام یک مثال بزنید: یادگیری با ناظر "
            "(Supervised)، نیمه‌نظارتی (Semi-Supervised)، بدون ناظر (Unsupervised)، "
            "خودنظارتی (Self-Supervised) و یادگیری بازنمایی (Representation Learning). "
            "بگویید در هر کدام چه مقدار داده‌ی برچسب‌دار لازم است و هدف چیست."
        ),
        "en": (
            "Explain, with an example each, supervised, semi-supervised, unsupervised, "
            "self-supervised and representation learning: how much labelled data each "
            "needs and what it aims at."
        ),
    },
}
