import { describe, expect, it } from 'vitest';
import { isLocalHost, testNetwork } from './devices';

describe('the pre-live network check', () => {
  it('knows a page served from this machine', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(isLocalHost(h), h).toBe(true);
    expect(isLocalHost('', 'file:')).toBe(true);
    for (const h of ['192.168.1.20', '10.0.0.5', 'hub.school.edu.cn', '127.example.com', '1270.0.0.1']) expect(isLocalHost(h), h).toBe(false);
  });

  it('measures nothing on this machine and says so', async () => {
    expect(await testNetwork(6, { hostname: '127.0.0.1', protocol: 'http:' })).toEqual({ status: 'local' });
  });
});
