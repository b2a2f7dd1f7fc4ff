from fastapi import APIRouter
router = APIRouter()
def action_items_source(*a, **k):
    return None
