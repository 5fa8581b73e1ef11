"""hw01 Q1 (prose, graded by hand): the datasets and the Keras utilities used later."""

PROMPTS = {
    "Q1": {
        "fa": (
            "دیتاست های MNIST، CIFAR-10 و FER-2013 را توضیح دهید (تعداد کلاس ها، تعداد "
            "نمونه های آموزشی و تست، ابعاد تصاویر). تابع to_categorical چه کاری انجام "
            "می دهد؟ ابعاد آرایه های ورودی و خروجی هر دیتاست نشان دهنده چیست؟ آرگومان "
            "rotation_range در ImageDataGenerator چه می کند؟"
        ),
        "en": (
            "Describe the MNIST, CIFAR-10 and FER-2013 datasets (number of classes, training "
            "and test samples, image size). What does to_categorical do? What do the shapes "
            "of each dataset's input and label arrays mean? What does the rotation_range "
            "argument of ImageDataGenerator do?"
        ),
    }
}
