"""A builder that reads the namespace (``{ build = ..., of = name }``) finds ``of`` as that name's own check
would: in a student's notebook with the question's aliases and close spellings, in the reference (and in
each known mistake's probe) exactly, in the question's module."""
from harness_testing import REPO

from harness.spec.course import Course
from harness.spec.inputs import ArgumentEncoder
from harness.spec.plan import plan, reference_probes, student_probes

HW14 = Course(REPO).rubric("hw14")


def q4_probes(name_start: str):
    planned = [pc for pc in plan(HW14) if pc.question.id == "Q4" and pc.check.name.startswith(name_start)]
    assert len(planned) == 1, name_start
    return student_probes(planned), reference_probes(planned)


def test_the_students_hypermodel_is_looked_up_with_the_questions_aliases():
    for start, build in (("best_model", "best_values"), ("build_hypermodel with units fixed", "hyperparameters")):
        (student,), _ = q4_probes(start)
        of = student.args[0]["of"]
        assert student.args[0]["build"] == build
        assert of["target"] == "build_hypermodel" and of["fuzzy"] is True
        assert of["aliases"] == HW14.question("Q4").aliases["build_hypermodel"]
        assert "best_model" in of["avoid"] and "build_hypermodel" not in of["avoid"]


def test_the_reference_and_its_mistakes_use_the_reference_modules_hypermodel_exactly():
    _, probes = q4_probes("best_model")
    assert [p.target for p in probes] == ["q4.best_model", "q4.mistake_best_model_ignores_values",
                                          "q4.mistake_best_model_default_learning_rate"]
    assert all(p.args[0]["of"] == {"target": "q4.build_hypermodel"} for p in probes)


def test_the_lookup_travels_beside_the_builders_encoded_parameters():
    (student,), _ = q4_probes("best_model")
    encoded = ArgumentEncoder(HW14.inputs).probe(student).args[0]
    assert encoded["__build__"] == "best_values" and encoded["of"]["target"] == "build_hypermodel"
    assert '"of"' not in str(encoded["params"]) and "'of'" not in str(encoded["params"])


def test_q4_gives_values_by_kind_and_range_not_by_a_list_of_names():
    for pc in plan(HW14):
        for probe in pc.probes:
            for arg in probe.args:
                assert not (isinstance(arg, dict) and "build" not in arg and "dense_neurons" in arg), pc.check.name
                if isinstance(arg, dict) and arg.get("build") == "hyperparameters":
                    assert isinstance(arg["values"], list), pc.check.name
