import { useNodesInitialized, useReactFlow } from '@xyflow/react';
import { type RefObject, useCallback, useEffect, useRef } from 'react';
import { readableViewport } from './readable-viewport.ts';

export { READABLE_ZOOM } from './readable-viewport.ts';

/** Shows the flow readably once its nodes are measured; `show()` does it again (after Tidy up). */
export function useReadableViewport(canvas: RefObject<HTMLElement | null>) {
  const reactFlow = useReactFlow();
  const initialized = useNodesInitialized();
  const placed = useRef(false);
  const show = useCallback(() => {
    const element = canvas.current;
    const nodes = reactFlow.getNodes();
    if (!element || nodes.length === 0) return;
    const bounds = reactFlow.getNodesBounds(nodes);
    void reactFlow.setViewport(
      readableViewport(bounds, { width: element.clientWidth, height: element.clientHeight }),
      { duration: placed.current ? 200 : 0 },
    );
    placed.current = true;
  }, [canvas, reactFlow]);
  useEffect(() => {
    if (initialized && !placed.current) show();
  }, [initialized, show]);
  return show;
}
