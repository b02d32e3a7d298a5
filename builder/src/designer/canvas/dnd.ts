/** What react-dnd carries while dragging: a new field from the palette, or a field already on the canvas. */
export const FIELD_DRAG = 'formloom-field';

export type DragItem = { kind: 'new'; fieldType: string } | { kind: 'move'; id: string };
