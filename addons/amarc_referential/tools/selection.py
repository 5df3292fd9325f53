def selection_labels(model, field_name):
    """{value: label} of the selection field ``field_name`` of ``model`` (a
    recordset, empty or not), in the language of its environment."""
    return dict(model._fields[field_name]._description_selection(model.env))


def selection_label(record, field_name):
    """The label of the value of the selection field ``field_name`` of
    ``record`` (one record) in the language of its environment; False when the
    field is empty."""
    value = record[field_name]
    return selection_labels(record, field_name)[value] if value else False
