from django.db import models


class Row(models.Model):
    name = models.CharField(max_length=100)
    value = models.IntegerField()

    class Meta:
        app_label = "baseline"

    def __str__(self):
        return self.name
