from django.db import migrations


def load_taxonomy(apps, schema_editor):
    from grassroots.notes.taxonomy import sync_taxonomy

    sync_taxonomy(apps.get_model("notes", "Category"))


class Migration(migrations.Migration):
    dependencies = [("notes", "0001_initial_schema")]

    operations = [migrations.RunPython(load_taxonomy, migrations.RunPython.noop)]
