from django import template

from okportal.waiting import what_waits

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_work(context):
    return what_waits(context["request"].user)
