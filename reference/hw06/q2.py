"""hw06 Q2: BERT's masked-language-model pre-training (prose, graded by hand)."""

PROMPTS = {
    "Q2": {
        "fa": (
            "مدل BERT چگونه به صورت خودنظارتی پیش‌آموزش داده می‌شود؟ وظیفه‌ی "
            "Masked Language Model را توضیح دهید: چه بخشی از ورودی پوشانده می‌شود، "
            "مدل چه چیزی را پیش‌بینی می‌کند و چرا بازنمایی‌های به‌دست‌آمده برخلاف "
            "word2vec و GloVe به متن (context) وابسته‌اند. در پایان بگویید این مدل "
            "پیش‌آموخته چگونه برای یک وظیفه‌ی دلخواه fine-tune می‌شود."
        ),
        "en": (
            "How is BERT pre-trained without labels? Explain the masked-language-model "
            "task: which part of the input is masked, what the model predicts, and why "
            "the representations it learns depend on context, unlike word2vec or GloVe. "
            "End with how the pre-trained model is fine-tuned for a downstream task."
        ),
    },
}
