import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A screen whose code loads only when its step comes (sip.js, opus-recorder and the connection
 * test stay out of the Start screen's download). Shows `loading` meanwhile. An empty `loading`
 * marks a part that is only a hint (the expected wait): nothing shows while it loads, nor if it
 * cannot be loaded.
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P & { loading: string }> {
  let loaded: ComponentType<P> | undefined;
  return function Lazy(props: P & { loading: string }) {
    const [Component, setComponent] = useState(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Component) return;
      load().then(
        (component) => {
          loaded = component;
          setComponent(() => component);
        },
        () => setFailed(true),
      );
    }, []);
    if (failed && props.loading) throw new Error('a step of the widget could not be loaded');
    if (Component) return <Component {...props} />;
    return props.loading ? <p role="status">{props.loading}</p> : null;
  };
}
